// The questions a run command asks before it is sent (an exit reason, a message, a process name), in the app's own
// dialog: window.prompt() does not exist in Electron (it is "not supported" there), is unstyled, and asks one
// question per box. One form, one labelled field per question, Enter sends, Escape or Cancel sends nothing.
import { useId } from 'react';
import { Modal } from '../../panels/Modal';

export interface AskQuestion {
  field: string;
  question: string;
  initial: string;
  /** A hint under the field (what may be typed). */
  hint?: string;
}

export interface Asking {
  title: string;
  submit: string;
  questions: readonly AskQuestion[];
  onAnswer(answers: Record<string, string>): void;
}

export function AskDialog({ asking, onClose }: { asking: Asking; onClose(): void }) {
  const id = useId();
  return (
    <Modal title={asking.title} icon="bolt" onClose={onClose}>
      <form className="ask-form" data-testid="ask-dialog" onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const answers: Record<string, string> = {};
        for (const q of asking.questions) answers[q.field] = String(data.get(q.field) ?? '');
        onClose();
        asking.onAnswer(answers);
      }}>
        {asking.questions.map((q, i) => (
          <div className="ask-field" key={q.field}>
            <label htmlFor={`${id}-${q.field}`}>{q.question}</label>
            <input id={`${id}-${q.field}`} name={q.field} defaultValue={q.initial} autoFocus={i === 0} spellCheck={false}
              autoComplete="off" maxLength={10_000} aria-describedby={q.hint ? `${id}-${q.field}-hint` : undefined} data-testid={`ask-${q.field}`} />
            {q.hint && <p className="muted ask-hint" id={`${id}-${q.field}-hint`}>{q.hint}</p>}
          </div>
        ))}
        <div className="dialog-footer ask-footer">
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          <button type="submit" className="btn primary" data-testid="ask-submit">{asking.submit}</button>
        </div>
      </form>
    </Modal>
  );
}
