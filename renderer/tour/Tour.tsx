// The first-run tour: a few steps, each pointing at the real element (a highlight ring around it, the rest dimmed)
// with a small dialog beside it. Shown on first launch; Skip or Esc dismisses it, Finish ends it, and either is
// remembered (storage.ts) so it does not come back by itself; Help (?) ▸ "Take the tour" reopens it.
// Keyboard: focus moves into the dialog and Tab stays inside it; ←/→ step back and forth.
// Why not a library: driver.js 1.8 (React-independent) marks the highlighted element with aria-haspopup/-expanded/
// -controls — not allowed on the regions this tour points at (the palette <aside>, the canvas), an axe
// aria-allowed-attr violation — and lets keys through to the app's shortcuts; react-joyride 3.2 (React 19 ready)
// brings ten dependencies for what is here one small component that passes the axe audit (e2e/a11y.spec.ts).
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Icon } from '../src/components/Icons';
import { TOUR_STEPS, type TourStep } from './steps';
import { rememberTour, type TourOutcome } from './storage';
import './tour.css';

type Rect = { left: number; top: number; width: number; height: number };

const GAP = 12;
const PAD = 6;
const CARD_W = 340;

/** The step's element, if one is on screen. */
function findTarget(step: TourStep): HTMLElement | null {
  for (const el of document.querySelectorAll<HTMLElement>(step.target)) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) return el;
  }
  return null;
}

/** Where the card goes: beside the target (right, left, below, above — the first that fits), else centred. */
function placeCard(target: Rect | null, card: { width: number; height: number }): { left: number; top: number } {
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  const clampX = (x: number) => Math.min(Math.max(8, x), vw - card.width - 8);
  const clampY = (y: number) => Math.min(Math.max(8, y), vh - card.height - 8);
  if (!target) return { left: (vw - card.width) / 2, top: (vh - card.height) / 2 };
  const right = target.left + target.width + GAP;
  const below = target.top + target.height + GAP;
  if (right + card.width <= vw - 8 && target.width < vw / 2) return { left: right, top: clampY(target.top) };
  if (target.left - GAP - card.width >= 8 && target.width < vw / 2) return { left: target.left - GAP - card.width, top: clampY(target.top) };
  if (below + card.height <= vh - 8) return { left: clampX(target.left + target.width / 2 - card.width / 2), top: below };
  if (target.top - GAP - card.height >= 8) return { left: clampX(target.left + target.width / 2 - card.width / 2), top: target.top - GAP - card.height };
  // a big target (the canvas): inside it, at its top right
  return { left: clampX(target.left + target.width - card.width - GAP), top: clampY(target.top + GAP) };
}

export function Tour({ onClose, prepare }: {
  onClose(outcome: TourOutcome): void;
  /** Show what a step needs (the palette, the bottom panel's Timeline tab) before it points at it. */
  prepare(needs: NonNullable<TourStep['needs']>): void;
}) {
  const [index, setIndex] = useState(0);
  const step = TOUR_STEPS[index];
  const last = index === TOUR_STEPS.length - 1;
  const [rect, setRect] = useState<Rect | null>(null);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);
  const cardRef = useRef<HTMLDivElement>(null);
  const nextRef = useRef<HTMLButtonElement>(null);

  const close = useCallback((outcome: TourOutcome) => {
    rememberTour(outcome);
    onClose(outcome);
  }, [onClose]);

  // the step's element: made visible, then measured (again on resize and while the layout settles)
  useLayoutEffect(() => {
    if (step.needs) prepare(step.needs);
    let frame = 0;
    const measure = () => {
      const el = findTarget(step);
      const r = el?.getBoundingClientRect();
      // the part on screen (a panel may extend below the window)
      const left = r && Math.max(r.left, PAD), top = r && Math.max(r.top, PAD);
      const right = r && Math.min(r.right, window.innerWidth - PAD), bottom = r && Math.min(r.bottom, window.innerHeight - PAD);
      const next = r && right! > left! && bottom! > top! ? { left: left!, top: top!, width: right! - left!, height: bottom! - top! } : null;
      setRect((old) => (old && next && old.left === next.left && old.top === next.top && old.width === next.width && old.height === next.height ? old : next));
    };
    measure();
    // panels opened by `prepare` appear on the next render; the canvas may resize meanwhile
    let n = 0;
    const again = () => {
      measure();
      if (++n < 10) frame = requestAnimationFrame(again);
    };
    frame = requestAnimationFrame(again);
    window.addEventListener('resize', measure);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('resize', measure);
    };
  }, [step, prepare]);

  useLayoutEffect(() => {
    const card = cardRef.current;
    if (!card) return;
    const target = rect && { left: rect.left - PAD, top: rect.top - PAD, width: rect.width + 2 * PAD, height: rect.height + 2 * PAD };
    setPos(placeCard(target, { width: card.offsetWidth, height: card.offsetHeight }));
  }, [rect, index]);

  // focus: into the card at the start and at each step; back where it was when the tour ends
  useEffect(() => {
    const prev = document.activeElement as HTMLElement | null;
    return () => prev?.focus?.();
  }, []);
  const placed = pos !== null;
  useEffect(() => {
    if (placed) nextRef.current?.focus();
  }, [index, placed]);

  // keys reach the tour wherever the focus is (it starts on the page before the card is placed)
  const onKeyDown = (e: KeyboardEvent | React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close('dismissed');
    } else if (e.key === 'ArrowRight' && !last) {
      e.preventDefault();
      setIndex(index + 1);
    } else if (e.key === 'ArrowLeft' && index > 0) {
      e.preventDefault();
      setIndex(index - 1);
    } else if (e.key === 'Tab') {
      // keep Tab inside the card
      const items = [...(cardRef.current?.querySelectorAll<HTMLElement>('button:not([disabled])') ?? [])];
      if (!items.length) return;
      const at = items.indexOf(document.activeElement as HTMLElement);
      const to = e.shiftKey ? (at <= 0 ? items.length - 1 : at - 1) : (at === items.length - 1 ? 0 : at + 1);
      e.preventDefault();
      items[to].focus();
    }
  };

  const keys = useRef(onKeyDown);
  keys.current = onKeyDown;
  useEffect(() => {
    const f = (e: KeyboardEvent) => {
      if (cardRef.current?.contains(e.target as Node)) return; // the card's own handler
      if (e.ctrlKey || e.metaKey) return;
      // the page behind the tour gets no keys (no shortcut, no canvas key) while it is up
      e.stopPropagation();
      if (['Escape', 'ArrowLeft', 'ArrowRight', 'Tab'].includes(e.key)) keys.current(e);
      else e.preventDefault();
    };
    window.addEventListener('keydown', f, true);
    return () => window.removeEventListener('keydown', f, true);
  }, []);

  const ring = rect && { left: rect.left - PAD, top: rect.top - PAD, width: rect.width + 2 * PAD, height: rect.height + 2 * PAD };
  return (
    <div className="tour" data-testid="tour" data-step={step.id}>
      {/* the dimmed page with a hole over the target; clicks on it do nothing (the tour is in the way on purpose) */}
      {ring ? (
        <>
          <div className="tour-dim" style={{ left: 0, top: 0, right: 0, height: ring.top }} aria-hidden />
          <div className="tour-dim" style={{ left: 0, top: ring.top + ring.height, right: 0, bottom: 0 }} aria-hidden />
          <div className="tour-dim" style={{ left: 0, top: ring.top, width: ring.left, height: ring.height }} aria-hidden />
          <div className="tour-dim" style={{ left: ring.left + ring.width, top: ring.top, right: 0, height: ring.height }} aria-hidden />
          <div className="tour-ring" style={ring} aria-hidden />
        </>
      ) : <div className="tour-dim" style={{ inset: 0 }} aria-hidden />}
      <div ref={cardRef} className="tour-card" role="dialog" aria-modal="true" aria-labelledby="tour-title" aria-describedby="tour-body"
        style={pos ? { left: pos.left, top: pos.top, width: CARD_W } : { visibility: 'hidden', width: CARD_W }}
        onKeyDown={(e) => {
          onKeyDown(e);
          // keys in the card stay in it (a `?` or a canvas key does not reach the page behind)
          if (!e.ctrlKey && !e.metaKey) e.stopPropagation();
        }}>
        <div className="tour-head">
          <span className="tour-count">Step {index + 1} of {TOUR_STEPS.length}</span>
          <button type="button" className="icon-btn small" aria-label="Skip the tour" title="Skip the tour (Esc)" onClick={() => close('dismissed')}>
            <Icon name="close" size={14} />
          </button>
        </div>
        <h2 id="tour-title">{step.title}</h2>
        <p id="tour-body">{step.body}</p>
        <div className="tour-dots" aria-hidden>
          {TOUR_STEPS.map((s, i) => <span key={s.id} className={i === index ? 'on' : ''} />)}
        </div>
        <div className="tour-actions">
          <button type="button" className="btn" onClick={() => close('dismissed')}>Skip</button>
          <span className="grow" />
          {index > 0 && <button type="button" className="btn" onClick={() => setIndex(index - 1)}>Back</button>}
          <button ref={nextRef} type="button" className="btn primary" onClick={() => (last ? close('finished') : setIndex(index + 1))}>
            {last ? 'Finish' : 'Next'}
          </button>
        </div>
      </div>
    </div>
  );
}
