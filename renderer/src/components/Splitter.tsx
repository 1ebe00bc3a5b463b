// A drag handle between two panels. Mouse/pen drag with pointer capture; keyboard: arrows (Shift = bigger steps),
// Home/End for min/max, Enter to collapse or restore. Exposed to assistive tech as a focusable separator.
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

export interface SplitterProps {
  /** 'x' resizes a width (vertical bar), 'y' resizes a height (horizontal bar). */
  axis: 'x' | 'y';
  value: number;
  min: number;
  max: number;
  /** +1 when moving right/down grows the panel (left panel), -1 when it shrinks it (right and bottom panels). */
  direction: 1 | -1;
  label: string;
  controls: string;
  onChange(value: number): void;
  onToggle(): void;
}

export function Splitter({ axis, value, min, max, direction, label, controls, onChange, onToggle }: SplitterProps) {
  const drag = useRef<{ start: number; value: number } | null>(null);
  const clamp = (v: number) => Math.round(Math.min(max, Math.max(min, v)));

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { start: axis === 'x' ? e.clientX : e.clientY, value };
    document.body.dataset.resizing = axis;
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    const pos = axis === 'x' ? e.clientX : e.clientY;
    onChange(clamp(drag.current.value + direction * (pos - drag.current.start)));
  };
  const end = () => {
    drag.current = null;
    delete document.body.dataset.resizing;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 50 : 10;
    const grow = axis === 'x' ? (direction === 1 ? 'ArrowRight' : 'ArrowLeft') : direction === 1 ? 'ArrowDown' : 'ArrowUp';
    const shrink = axis === 'x' ? (direction === 1 ? 'ArrowLeft' : 'ArrowRight') : direction === 1 ? 'ArrowUp' : 'ArrowDown';
    let next: number | undefined;
    if (e.key === grow) next = value + step;
    else if (e.key === shrink) next = value - step;
    else if (e.key === 'Home') next = min;
    else if (e.key === 'End') next = max;
    else if (e.key === 'Enter') {
      e.preventDefault();
      onToggle();
      return;
    }
    if (next === undefined) return;
    e.preventDefault();
    onChange(clamp(next));
  };

  return (
    <div
      className={`splitter splitter-${axis}`}
      role="separator"
      tabIndex={0}
      aria-label={label}
      aria-controls={controls}
      aria-orientation={axis === 'x' ? 'vertical' : 'horizontal'}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={end}
      onPointerCancel={end}
      onDoubleClick={onToggle}
      onKeyDown={onKeyDown}
    />
  );
}
