// CodeMirror 6 with TypeScript highlighting, for custom behaviour source. Loaded lazily (it is big).
// Changes are reported as you type; external changes (undo/redo) are applied when the editor is not focused.
//
// "Open wide" moves the one editor into a large dialog and back on close (Esc, the close button, a click outside):
// the same EditorView, so the text, the cursor and CodeMirror's own undo history go along.
//
// Token colours come from theme.css (`--code-*`), chosen for WCAG AA (4.5:1) in both themes; CodeMirror's default
// highlight style (dark blue on near-black in the dark theme) is not used.
import { useEffect, useRef, useState } from 'react';
import { EditorView, basicSetup } from 'codemirror';
import { EditorState } from '@codemirror/state';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { javascript } from '@codemirror/lang-javascript';
import { tags as t } from '@lezer/highlight';
import { Modal } from './Modal';
import { Icon } from '../src/components/Icons';

const v = (name: string) => `var(--code-${name})`;
/** Every tag the JavaScript/TypeScript grammar produces gets an AA colour in both themes (theme.css). */
export const codeHighlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.operatorKeyword, t.definitionKeyword, t.moduleKeyword, t.modifier, t.self], color: v('keyword') },
  { tag: [t.definition(t.variableName), t.definition(t.propertyName)], color: v('definition') },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], color: v('function') },
  { tag: [t.variableName, t.name, t.labelName, t.operator, t.punctuation, t.bracket, t.separator], color: v('variable') },
  { tag: [t.propertyName, t.attributeName], color: v('property') },
  { tag: [t.typeName, t.className, t.namespace, t.tagName], color: v('type') },
  { tag: [t.string, t.special(t.string), t.character, t.escape], color: v('string') },
  { tag: [t.number, t.integer, t.float], color: v('number') },
  { tag: [t.bool, t.null, t.atom, t.constant(t.variableName)], color: v('atom') },
  { tag: [t.comment, t.lineComment, t.blockComment, t.docComment], color: v('comment'), fontStyle: 'italic' },
  { tag: [t.meta, t.annotation, t.processingInstruction], color: v('meta') },
  { tag: [t.regexp], color: v('regexp') },
  { tag: [t.invalid], color: v('invalid') },
  { tag: t.strong, fontWeight: 'bold' },
  { tag: t.emphasis, fontStyle: 'italic' },
  { tag: [t.link, t.url], color: v('function'), textDecoration: 'underline' },
]);

export default function CodeEditor({ value, label, onChange, onBlur }: { value: string; label: string; onChange(v: string): void; onBlur(): void }) {
  const inline = useRef<HTMLDivElement>(null);
  const wideHost = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const [wide, setWide] = useState(false);
  const handlers = useRef({ onChange, onBlur });
  useEffect(() => {
    handlers.current = { onChange, onBlur };
  });
  useEffect(() => {
    const ed = new EditorView({
      parent: inline.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          javascript({ typescript: true }),
          syntaxHighlighting(codeHighlight),
          EditorView.lineWrapping,
          // tabindex: the content is focusable anyway (contenteditable); saying so lets checkers see that the
          // scrolling region holds something the keyboard reaches (axe scrollable-region-focusable)
          EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0' }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) handlers.current.onChange(u.state.doc.toString());
          }),
          EditorView.domEventHandlers({ blur: () => { handlers.current.onBlur(); } }),
        ],
      }),
    });
    view.current = ed;
    return () => ed.destroy();
    // the editor is created once; `value` changes are synced below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    const ed = view.current;
    if (ed && !ed.hasFocus && ed.state.doc.toString() !== value) ed.dispatch({ changes: { from: 0, to: ed.state.doc.length, insert: value } });
  }, [value]);
  // the one editor goes where it is shown: into the dialog while wide, back into the inspector after
  useEffect(() => {
    const ed = view.current;
    const host = wide ? wideHost.current : inline.current;
    if (!ed || !host || ed.dom.parentElement === host) return;
    host.appendChild(ed.dom);
    ed.requestMeasure();
    if (wide) ed.focus();
  }, [wide]);
  return (
    <>
      <div className="code-editor-bar">
        <button type="button" className="btn" onClick={() => setWide(true)} aria-haspopup="dialog" disabled={wide}
          title="Edit the code in a large window (Esc closes it)">
          <Icon name="expand" size={13} /> Open wide
        </button>
      </div>
      <div className="code-editor" ref={inline} hidden={wide} />
      {wide && <p className="field-help">Editing in the wide editor…</p>}
      {wide && (
        <Modal title={label} icon="gear" wide onClose={() => setWide(false)}>
          <div className="code-editor code-editor-wide" ref={wideHost} />
        </Modal>
      )}
    </>
  );
}
