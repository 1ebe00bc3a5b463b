// Transient messages (errors from saves, files that failed to open, kernel answers).
import { useCallback, useState } from 'react';
import { Icon } from './Icons';

export interface Toast { id: number; kind: 'error' | 'info'; text: string }

let next = 1;

export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((t) => t.filter((x) => x.id !== id)), []);
  const show = useCallback((kind: Toast['kind'], text: string) => {
    const id = next++;
    setToasts((t) => [...t.slice(-3), { id, kind, text }]);
    if (kind === 'info') setTimeout(() => dismiss(id), 4000);
  }, [dismiss]);
  return { toasts, show, dismiss };
}

export function ToastStack({ toasts, dismiss }: { toasts: Toast[]; dismiss(id: number): void }) {
  return (
    <div className="toast-stack" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.kind}`} role={t.kind === 'error' ? 'alert' : undefined}>
          <Icon name={t.kind === 'error' ? 'error' : 'info'} />
          <div className="msg">{t.text}</div>
          <button type="button" className="icon-btn small" aria-label="Dismiss" onClick={() => dismiss(t.id)}><Icon name="close" size={14} /></button>
        </div>
      ))}
    </div>
  );
}
