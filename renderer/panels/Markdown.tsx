// Lesson text (a template's or a design's `lesson`) as Markdown, rendered by react-markdown: CommonMark with
// emphasis, lists, code, links. A design file is untrusted input, so raw HTML in it is not rendered (react-markdown's
// default) and link targets go through its URL filter (no `javascript:`); links open outside the app.
import ReactMarkdown, { type Components } from 'react-markdown';

const components: Components = {
  // lessons sit inside panels that have their own title: every heading level is a small section heading
  h1: ({ children }) => <h4>{children}</h4>,
  h2: ({ children }) => <h4>{children}</h4>,
  h3: ({ children }) => <h4>{children}</h4>,
  a: ({ children, href }) => <a href={href} target="_blank" rel="noreferrer noopener">{children}</a>,
  img: ({ alt }) => <span className="md-img-alt">{alt}</span>, // no remote images in a lesson
};

export function Markdown({ text }: { text: string }) {
  return (
    <div className="md">
      <ReactMarkdown components={components} skipHtml>{text}</ReactMarkdown>
    </div>
  );
}
