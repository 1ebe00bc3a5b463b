// Mount points for run mode (owned by the run-mode work): the bottom panel's Event log and Timeline tabs and the
// toolbar's run controls. The shell renders these components; replace their bodies, keep the exports.

export function RunToolbar() {
  return null;
}

export function EventLogPanel() {
  return (
    <div className="empty">
      <strong>No events yet</strong>
      <span>Run the design to see spawns, exits, signals and restarts here.</span>
    </div>
  );
}

export function TimelinePanel() {
  return (
    <div className="empty">
      <strong>No timeline yet</strong>
      <span>A run records a timeline you can scrub and replay.</span>
    </div>
  );
}
