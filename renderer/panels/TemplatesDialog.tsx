// The templates gallery: every template with its title, lesson and a preview; opening one creates an untitled copy.
import { useMemo, useState } from 'react';
import { Icon } from '../src/components/Icons';
import { loadTemplates, type Template } from './templates';
import { TemplatePreview } from './TemplatePreview';
import { Modal } from './Modal';
import { lessonSummary } from './lesson-summary';
import { RubricPage } from '../lessons/RubricPage';

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
      {view === 'templates' && <div className="tpl-grid">
        {list.map((t) => (
          <button key={t.file} type="button" className="tpl-card" onClick={() => onOpen(t)} aria-label={`Open template ${t.doc.title}`}>
            <TemplatePreview doc={t.doc} />
            <div className="tpl-text">
              <div className="tpl-title">{t.doc.title}</div>
              <div className="tpl-lesson">{lessonSummary(t.doc.lesson)}</div>
              <div className="tpl-meta"><Icon name="supervisor" size={12} /> {t.doc.nodes.length} nodes · {t.file}</div>
            </div>
          </button>
        ))}
        {templates.length === 0 && <div className="empty"><strong>No templates</strong><span>templates/*.suptree is empty in this build.</span></div>}
      </div>}
    </Modal>
  );
}
