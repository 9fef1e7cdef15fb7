/**
 * Decorative picture for the home hero: a shield inside signal rings, with points for server locations.
 * Drawn with theme colours so it follows light/dark and a provider's brand. Hidden from screen readers.
 */
export function HeroArt({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 400 400" aria-hidden="true" focusable="false" className={className}>
      <defs>
        <radialGradient id="hero-glow" cx="50%" cy="50%" r="50%">
          <stop offset="0%" className="[stop-color:var(--color-brand)]" stopOpacity="0.28" />
          <stop offset="100%" className="[stop-color:var(--color-brand)]" stopOpacity="0" />
        </radialGradient>
        <linearGradient id="hero-shield" x1="0" y1="0" x2="0" y2="1">
          <stop offset="0%" className="[stop-color:var(--color-brand)]" />
          <stop offset="100%" className="[stop-color:var(--color-accent)]" />
        </linearGradient>
      </defs>
      <circle cx="200" cy="200" r="190" fill="url(#hero-glow)" />
      {[170, 132, 94].map((r, i) => (
        <circle
          key={r}
          cx="200"
          cy="200"
          r={r}
          fill="none"
          className="stroke-brand"
          strokeOpacity={0.18 + i * 0.1}
          strokeWidth="1.5"
          strokeDasharray={i === 0 ? "4 8" : undefined}
        />
      ))}
      {[
        [78, 120],
        [318, 98],
        [346, 238],
        [96, 292],
        [232, 36],
        [180, 362],
      ].map(([x, y], i) => (
        <g key={i}>
          <line x1="200" y1="200" x2={x} y2={y} className="stroke-brand" strokeOpacity="0.16" strokeWidth="1" />
          <circle cx={x} cy={y} r="9" className="fill-surface stroke-brand" strokeWidth="2" />
          <circle cx={x} cy={y} r="3.5" className="fill-accent" />
        </g>
      ))}
      <path
        d="M200 128 252 148v46c0 36-22 64-52 78-30-14-52-42-52-78v-46l52-20Z"
        fill="url(#hero-shield)"
      />
      <path
        d="M178 200 194 216 224 184"
        fill="none"
        className="stroke-brand-fg"
        strokeWidth="9"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
