// Inline SVG icons (16px, 1.5px stroke, currentColor) so they follow the theme and need no font or network.
import type { SVGProps } from 'react';

const paths = {
  logo: 'M8 1.5 13.5 4.75v6.5L8 14.5 2.5 11.25v-6.5L8 1.5ZM8 5v6M5.2 9.2 8 11l2.8-1.8',
  file: 'M9.5 1.75H4.25a1 1 0 0 0-1 1v10.5a1 1 0 0 0 1 1h7.5a1 1 0 0 0 1-1V5L9.5 1.75ZM9.5 1.75V5h3.25',
  folder: 'M1.75 4a1 1 0 0 1 1-1h3.5l1.5 1.75h5.5a1 1 0 0 1 1 1v6.5a1 1 0 0 1-1 1H2.75a1 1 0 0 1-1-1V4Z',
  save: 'M2.75 1.75h8.5l2 2v9.5a1 1 0 0 1-1 1H2.75a1 1 0 0 1-1-1v-10.5a1 1 0 0 1 1-1ZM4.75 1.75v3.5h5.5v-3.5M4.75 14.25v-4.5h6.5v4.5',
  undo: 'M5.5 3.5 2.5 6.5l3 3M2.75 6.5h6.75a3.75 3.75 0 0 1 0 7.5H7',
  redo: 'M10.5 3.5l3 3-3 3M13.25 6.5H6.5a3.75 3.75 0 0 0 0 7.5H9',
  fit: 'M2 5.5V2.75a.75.75 0 0 1 .75-.75H5.5M10.5 2h2.75a.75.75 0 0 1 .75.75V5.5M14 10.5v2.75a.75.75 0 0 1-.75.75H10.5M5.5 14H2.75a.75.75 0 0 1-.75-.75V10.5M5.5 6h5v4h-5z',
  layout: 'M6 1.75h4v3H6zM1.75 11.25h4v3h-4zM10.25 11.25h4v3h-4zM8 4.75v3.5M3.75 11.25V8.25h8.5v3',
  sidebarLeft: 'M2.25 2.75h11.5v10.5H2.25zM6 2.75v10.5',
  sidebarRight: 'M2.25 2.75h11.5v10.5H2.25zM10 2.75v10.5',
  panelBottom: 'M2.25 2.75h11.5v10.5H2.25zM2.25 9.5h11.5',
  sun: 'M8 5a3 3 0 1 0 0 6 3 3 0 0 0 0-6ZM8 1v1.5M8 13.5V15M1 8h1.5M13.5 8H15M3.05 3.05l1.06 1.06M11.89 11.89l1.06 1.06M3.05 12.95l1.06-1.06M11.89 4.11l1.06-1.06',
  moon: 'M13.5 9.5A5.75 5.75 0 0 1 6.5 2.5a5.75 5.75 0 1 0 7 7Z',
  help: 'M8 14.5a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13ZM6.25 6.25a1.85 1.85 0 0 1 3.6.5c0 1.25-1.85 1.6-1.85 2.75M8 11.5v.01',
  search: 'M7 12a5 5 0 1 0 0-10 5 5 0 0 0 0 10ZM14 14l-3.5-3.5',
  close: 'M4 4l8 8M12 4l-8 8',
  chevronDown: 'M4 6l4 4 4-4',
  chevronRight: 'M6 4l4 4-4 4',
  play: 'M4.5 2.75v10.5L13 8 4.5 2.75Z',
  warning: 'M8 1.75 14.5 13.5h-13L8 1.75ZM8 6v3.5M8 11.5v.01',
  error: 'M8 14.5a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13ZM5.75 5.75l4.5 4.5M10.25 5.75l-4.5 4.5',
  info: 'M8 14.5a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13ZM8 7.25v4M8 4.75v.01',
  check: 'M3 8.5l3 3 7-7',
  trash: 'M2.5 4h11M6 4V2.5h4V4M4 4l.75 9.5h6.5L12 4',
  copy: 'M5.5 5.5h8v8h-8zM10.5 5.5v-3h-8v8h3',
  template: 'M2.25 2.25h5v5h-5zM8.75 2.25h5v5h-5zM2.25 8.75h5v5h-5zM8.75 8.75h5v5h-5z',
  export: 'M8 1.75v8.5M4.75 5 8 1.75 11.25 5M2.75 10v3.25h10.5V10',
  supervisor: 'M5 2h6v3.5H5zM8 5.5v2.5M3 10.5V8h10v2.5M1.5 10.5h3v3.5h-3zM6.5 10.5h3v3.5h-3zM11.5 10.5h3v3.5h-3z',
  dynsup: 'M5 2h6v3.5H5zM8 5.5v2.5M3 10.5V8h10v2.5M1.5 10.5h3v3.5h-3zM6.5 10.5h3v3.5h-3zM13 10.5v3.5M11.25 12.25h3.5',
  worker: 'M8 2.25a5.75 5.75 0 1 0 0 11.5 5.75 5.75 0 0 0 0-11.5ZM5.75 8h4.5M8 5.75v4.5',
  gear: 'M8 10a2 2 0 1 0 0-4 2 2 0 0 0 0 4ZM8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4',
  registry: 'M2.25 3.25h11.5M2.25 8h11.5M2.25 12.75h11.5M4.5 1.75v3M4.5 6.5v3M4.5 11.25v3',
  task: 'M2.25 3h11.5v10H2.25zM4.75 6.25l1.5 1.5 2.75-2.75M4.75 10.5h6.5',
  load: 'M1.75 8h2.5l1.5-4.5 3 9 1.75-4.5h3.75',
  note: 'M2.75 2.25h10.5v8l-3.25 3.5H2.75zM10 13.75V10.25h3.25',
  link: 'M6.5 9.5l3-3M7 4.75l1.25-1.25a2.47 2.47 0 0 1 3.5 3.5L10.5 8.25M9 11.25l-1.25 1.25a2.47 2.47 0 0 1-3.5-3.5L5.5 7.75',
  eye: 'M1.5 8S4 3.25 8 3.25 14.5 8 14.5 8 12 12.75 8 12.75 1.5 8 1.5 8ZM8 10a2 2 0 1 0 0-4 2 2 0 0 0 0 4Z',
  bolt: 'M9 1.5 3 9h4.5L7 14.5 13 7H8.5L9 1.5Z',
  list: 'M5.5 4h8M5.5 8h8M5.5 12h8M2.5 4v.01M2.5 8v.01M2.5 12v.01',
  clock: 'M8 14.5a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13ZM8 4.5V8l2.5 1.5',
  plus: 'M8 3v10M3 8h10',
  minus: 'M3 8h10',
  collapse: 'M3 3h10v10H3zM5.5 8h5',
  expand: 'M3 3h10v10H3zM5.5 8h5M8 5.5v5',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, size = 16, ...rest }: { name: IconName; size?: number } & SVGProps<SVGSVGElement>) {
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.4}
      strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false" {...rest}>
      <path d={paths[name]} />
    </svg>
  );
}
