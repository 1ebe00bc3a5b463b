// The templates gallery in lesson order (drills → exercises → capstone → bonus → chapter 9), one section each: every
// template with its title, lesson and a labelled picture of its tree; opening one creates an untitled copy.
import { useMemo, useState } from 'react';
import { Icon } from '../src/components/Icons';
import { loadTemplates, type Template } from './templates';
import { TemplatePreview } from './TemplatePreview';
import { Modal } from './Modal';
import { lessonSummary } from './lesson-summary';
import { RubricPage } from '../lessons/RubricPage';

/** Consecutive templates of one section together (the list is already in lesson order). */
function sections(list: Template[]): [string, Template[]][] {
  const out: [string, Template[]][] = [];
  for (const t of list) {
    const last = out[out.length - 1];
    if (last && last[0] === t.section) last[1].push(t);
    else out.push([t.section, [t]]);
  }
  return out;
}

export function TemplatesDialog({ onOpen, onClose }: { onOpen(t: Template): void; onClose(): void }) {
  const { templates, errors } = useMemo(loadTemplates, []);
  const [q, setQ] = useState('');
  const [view, setView] = useState<'templates' | 'rubric'>('templates');
  const list = templates.filter((t) => `${t.doc.title} ${t.doc.lesson} ${t.file}`.toLowerCase().includes(q.toLowerCase()));
  return (
    <Modal title="Templates" icon="template" wide onClose={onClose}>
      <div className="tpl-toolbar">
        <div className="tpl-views" role="tablist" aria-label="Templates view">
          <button type="button" role="tab" aria-selected={view === 'templates'} className={`btn${view === 'templates' ? ' active' : ''}`} onClick={() => setView('templates')}>Templates</button>
          <button type="button" role="tab" aria-selected={view === 'rubric'} className={`btn${view === 'rubric' ? ' active' : ''}`} onClick={() => setView('rubric')}>Rubric &amp; checklist</button>
        </div>
        {view === 'rubric' ? null : <>
        <input type="search" className="input" placeholder="Search templates" aria-label="Search templates" value={q} onChange={(e) => setQ(e.target.value)} autoFocus />
        <span className="tpl-count">{list.length} of {templates.length}</span>
        </>}
      </div>
      {view === 'rubric' && <RubricPage templates={templates} onOpen={onOpen} />}
      {errors.length > 0 && <div className="tpl-errors" role="alert">Some templates could not be read: {errors.join('; ')}</div>}
      {view === 'templates' && <>
      {sections(list).map(([section, items]) => (
        <section key={section} className="tpl-section" aria-labelledby={`tpl-sec-${section}`}>
          <h3 id={`tpl-sec-${section}`} className="tpl-section-title">{section}</h3>
          <div className="tpl-grid">
            {items.map((t) => (
              <button key={t.file} type="button" className="tpl-card" onClick={() => onOpen(t)} aria-label={`Open template ${t.doc.title}`}>
                <TemplatePreview doc={t.doc} />
                <div className="tpl-text">
                  <div className="tpl-title">{t.doc.title}</div>
                  <div className="tpl-lesson">{lessonSummary(t.doc.lesson)}</div>
                  <div className="tpl-meta"><Icon name="supervisor" size={12} /> {t.doc.nodes.length} nodes · {t.file}</div>
                </div>
              </button>
            ))}
          </div>
        </section>
      ))}
      {templates.length === 0 && <div className="empty"><strong>No templates</strong><span>templates/*.suptree is empty in this build.</span></div>}
      </>}
    </Modal>
  );
}
