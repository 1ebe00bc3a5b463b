// The first-run tour's steps: what to do, and the real element each one points at (a CSS selector; the first match
// that is on screen). `needs` names what must be shown for the element to exist (the app opens it before the step).
export interface TourStep {
  id: string;
  title: string;
  /** Plain text; `**x**` is not parsed: keep it short. */
  body: string;
  target: string;
  needs?: 'palette' | 'timeline';
}

export const TOUR_STEPS: readonly TourStep[] = [
  {
    id: 'drag', title: 'Drag a process onto the canvas', target: '#palette-panel', needs: 'palette',
    body: 'Drag a supervisor, then a worker or two, from the palette onto the canvas (or press Enter on one to add it).',
  },
  {
    id: 'connect', title: 'Connect it to a supervisor', target: '.canvas-area',
    body: 'Drag from the bottom handle of a supervisor to the top of a worker: the supervisor now starts and restarts it. The side handles draw links, monitors and calls.',
  },
  {
    id: 'run', title: 'Run it', target: '[data-testid="run-start"]',
    body: 'Run starts the design on the simulator, paused at 0 ms. Play, step or change the speed from the same toolbar.',
  },
  {
    id: 'kill', title: 'Right-click → Kill', target: '.canvas-area',
    body: 'In the run, right-click a process (or focus it and press Shift+F10) and choose Kill. Watch its supervisor restart it, and the event log explain why.',
  },
  {
    id: 'scrub', title: 'Scrub the timeline', target: '#tab-timeline', needs: 'timeline',
    body: 'The Timeline tab shows every restart and exit. Drag along it (or use the arrow keys) to see the tree at any moment; Live returns to now.',
  },
  {
    id: 'learn', title: 'Learn with the templates', target: 'header [data-command="templates"]',
    body: 'The templates are the chapter’s drills and exercises, in lesson order. Each comes with tasks that tick themselves in the Lesson tab. Reopen this tour from Help (?).',
  },
];
