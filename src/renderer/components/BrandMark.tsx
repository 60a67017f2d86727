/** The product mark: a shield with a check. Decorative; the product name is always next to it. */
export function BrandMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 64 64" width="28" height="28" aria-hidden="true" focusable="false">
      <path d="M32 4 8 13v17c0 15.5 10.2 26.6 24 30 13.8-3.4 24-14.5 24-30V13L32 4Z" className="brand-mark-shield" />
      <path d="m21 32 8 8 15-16" className="brand-mark-check" />
    </svg>
  );
}
