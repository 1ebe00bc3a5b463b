// Whether the first-run tour was seen: kept in localStorage (the browser build and the desktop app share the
// renderer, so both keep it the same way). Absent = never seen: the app shows the tour on launch.
export const TOUR_KEY = 'supervisor-studio:tour';

export type TourOutcome = 'dismissed' | 'finished';

export function tourSeen(): boolean {
  try {
    return localStorage.getItem(TOUR_KEY) !== null;
  } catch {
    return true; // no storage: do not show it on every launch
  }
}

export function rememberTour(outcome: TourOutcome): void {
  try {
    localStorage.setItem(TOUR_KEY, outcome);
  } catch {
    // storage refused: the tour may show again next launch
  }
}
