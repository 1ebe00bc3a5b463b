// A template's lesson (markdown) as one line of plain text for the gallery card: heading lines are dropped, list
// markers, code ticks, link targets and `**`/`*` emphasis are removed. Underscores are left alone so identifiers
// such as one_for_all and max_restarts read as written (the lessons do not use `_x_` emphasis).
export function lessonSummary(markdown: string, max = 220): string {
  const text = markdown
    .split('\n')
    .filter((line) => !/^\s{0,3}#{1,6}(\s|$)/.test(line))
    .map((line) => line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '').replace(/^\s*>\s?/, ''))
    .join(' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .replace(/\*\*(\S(?:.*?\S)?)\*\*/g, '$1')
    .replace(/(^|[^\w*])\*(\S(?:.*?\S)?)\*(?![\w*])/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
