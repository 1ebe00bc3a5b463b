// Just enough Markdown for template lessons: `## headings`, `- bullets`, paragraphs, **bold** and `code`.
import { Fragment, type ReactNode } from 'react';

function inline(text: string): ReactNode[] {
  return text.split(/(\*\*[^*]+\*\*|`[^`]+`)/g).filter(Boolean).map((part, i) => {
    if (part.startsWith('**') && part.endsWith('**')) return <strong key={i}>{part.slice(2, -2)}</strong>;
    if (part.startsWith('`') && part.endsWith('`')) return <code key={i}>{part.slice(1, -1)}</code>;
    return <Fragment key={i}>{part}</Fragment>;
  });
}

export function Markdown({ text }: { text: string }) {
  const blocks: ReactNode[] = [];
  let para: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (para.length) blocks.push(<p key={blocks.length}>{inline(para.join(' '))}</p>);
    if (list.length) blocks.push(<ul key={blocks.length}>{list.map((l, i) => <li key={i}>{inline(l)}</li>)}</ul>);
    para = [];
    list = [];
  };
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t) flush();
    else if (t.startsWith('#')) {
      flush();
      blocks.push(<h4 key={blocks.length}>{inline(t.replace(/^#+\s*/, ''))}</h4>);
    } else if (/^[-*]\s/.test(t)) {
      if (para.length) flush();
      list.push(t.slice(2));
    } else {
      if (list.length) flush();
      para.push(t);
    }
  }
  flush();
  return <div className="md">{blocks}</div>;
}
