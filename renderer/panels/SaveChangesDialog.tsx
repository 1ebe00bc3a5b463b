// "Save changes?" inside the app (not the browser's confirm(), which offers no Save): Save / Don't Save / Cancel,
// Save focused, Escape = Cancel. `useSaveChangesPrompt` gives DocumentSession an async question and the dialog to
// render.
import { useCallback, useRef, useState, type ReactNode } from 'react';
import type { AskDiscard, DiscardChoice } from '../src/documents';
import { Modal } from './Modal';

export function useSaveChangesPrompt(): [AskDiscard, ReactNode] {
  const [q, setQ] = useState<{ name: string; action: string } | null>(null);
  const resolve = useRef<((c: DiscardChoice) => void) | null>(null);
  const ask: AskDiscard = useCallback((question) => new Promise<DiscardChoice>((res) => {
    resolve.current?.('cancel'); // a question still open is answered "cancel"
    resolve.current = res;
    setQ(question);
  }), []);
  const answer = (c: DiscardChoice) => {
    resolve.current?.(c);
    resolve.current = null;
    setQ(null);
  };
  const dialog = q && (
    <Modal title="Save changes?" icon="save" onClose={() => answer('cancel')}
      footer={(
        <>
          <button type="button" className="btn" onClick={() => answer('cancel')}>Cancel</button>
          <button type="button" className="btn" onClick={() => answer('discard')}>Don’t Save</button>
          <button type="button" className="btn primary" autoFocus onClick={() => answer('save')}>Save</button>
        </>
      )}>
      <p>Do you want to save the changes you made to <strong>{q.name}</strong> before you {q.action}?</p>
      <p className="muted">Your changes will be lost if you don’t save them.</p>
    </Modal>
  );
  return [ask, dialog];
}
