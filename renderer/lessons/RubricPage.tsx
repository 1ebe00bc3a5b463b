// The rubric and success checklist as a lesson page (in the Templates dialog): each item with the template scenarios
// that cover it — a link opens the template — and a tick once every one of them has passed in the test panel.
import { useMemo } from 'react';
import type { Template } from '../panels/templates';
import { Icon } from '../src/components/Icons';
import { isDone, isPassed, resetProgress, usePassed } from './progress';
import { RUBRIC, RUBRIC_ITEMS } from './rubric';
import './lessons.css';

export function RubricPage({ templates, onOpen }: { templates: readonly Template[]; onOpen(t: Template): void }) {
  const passed = usePassed();
  const byFile = useMemo(() => new Map(templates.map((t) => [t.file.replace(/\.suptree$/, ''), t])), [templates]);
  const done = RUBRIC_ITEMS.filter((i) => isDone(passed, i)).length;
  return (
    <div className="rubric" data-testid="rubric">
      <p className="rubric-how">
        Open a template, run its tests (the <strong>Tests</strong> tab under the canvas, <em>Run tests</em>): every scenario whose expectations
        all pass is ticked here. <span data-testid="rubric-progress">{done} of {RUBRIC_ITEMS.length} done.</span>
        {passed.size > 0 && <button type="button" className="linkish" onClick={resetProgress}>Start over</button>}
      </p>
      {RUBRIC.map((sec) => (
        <section key={sec.title} className="rubric-section">
          <h3>{sec.title}</h3>
          <p className="muted">{sec.intro}</p>
          <ul>
            {sec.items.map((item) => {
              const ok = isDone(passed, item);
              return (
                <li key={item.id} className={`rubric-item${ok ? ' done' : ''}`} data-item={item.id} data-done={ok}>
                  <span className="rubric-tick" aria-label={ok ? 'done' : 'not yet'}>{ok ? <Icon name="check" size={14} /> : null}</span>
                  <div>
                    <div className="rubric-text">{item.text}</div>
                    <div className="rubric-covers">
                      {item.covers.map((cv) => {
                        const t = byFile.get(cv.template);
                        const ticked = isPassed(passed, cv);
                        return (
                          <button key={`${cv.template}#${cv.scenario}`} type="button" className={`rubric-link${ticked ? ' passed' : ''}`} disabled={!t}
                            onClick={() => t && onOpen(t)} title={t ? `Open ${t.doc.title}` : `${cv.template} is missing from this build`}>
                            {ticked && <Icon name="check" size={11} />}
                            {t?.doc.title.replace(/ — .*/, '') ?? cv.template} › {cv.scenario}
                          </button>
                        );
                      })}
                    </div>
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}
