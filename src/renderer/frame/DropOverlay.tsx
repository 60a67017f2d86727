/** Shown while a file is dragged over the window: where it goes and what happens. */
export function DropOverlay({ visible }: { visible: boolean }) {
  if (!visible) return null;
  return (
    <div className="drop-overlay" aria-hidden="true">
      <div className="drop-overlay-box">
        <p className="drop-overlay-title">Drop the evidence bundle to open it</p>
        <p>Nothing is trusted or imported until you confirm the log key.</p>
      </div>
    </div>
  );
}
