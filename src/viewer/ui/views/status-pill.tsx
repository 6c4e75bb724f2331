/** A span's or trace's status as a coloured pill; `error ×3` when several spans failed. */
export function StatusPill({ status, errorCount = 0 }: { status: string; errorCount?: number }) {
  const label = status === 'error' ? (errorCount > 1 ? `error ×${errorCount}` : 'error') : status;
  return (
    <span class={`status status-${status === 'error' || status === 'ok' ? status : 'unset'}`}>{label}</span>
  );
}
