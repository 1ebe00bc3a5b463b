import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { Markdown } from './Markdown';

const html = (text: string) => renderToStaticMarkup(<Markdown text={text} />);

describe('lesson Markdown', () => {
  it('renders what lessons use: emphasis, code, lists, headings, links', () => {
    const out = html('## Try this\n\nThe *state* is **kept**; call `GenServer.call/2`.\n\n1. Run\n2. Kill `clicks`\n\n- a\n- b\n\nSee [the docs](https://hexdocs.pm/elixir/Supervisor.html).');
    expect(out).toContain('<h4>Try this</h4>');
    expect(out).toContain('<em>state</em>');
    expect(out).toContain('<strong>kept</strong>');
    expect(out).toContain('<code>GenServer.call/2</code>');
    expect(out).toMatch(/<ol>\s*<li>Run<\/li>/);
    expect(out).toMatch(/<ul>\s*<li>a<\/li>/);
    expect(out).toContain('<a href="https://hexdocs.pm/elixir/Supervisor.html" target="_blank" rel="noreferrer noopener">the docs</a>');
    expect(out).not.toContain('*state*');
  });

  it('a hostile lesson cannot inject HTML, scripts or javascript: links', () => {
    const out = html('<img src=x onerror="alert(1)"> <script>alert(2)</script>\n\n[click](javascript:alert(3)) ![x](https://evil.example/t.png)');
    expect(out).not.toMatch(/<img|<script|onerror|javascript:/i);
    expect(out).toContain('click');
  });
});
