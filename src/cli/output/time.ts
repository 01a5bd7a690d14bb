// Compact time-left text such as `2h05m`, `3d4h`, `-45m` (overdue).
export function formatLeft(minutes: number): string {
  const sign = minutes < 0 ? '-' : '';
  let m = Math.abs(Math.round(minutes));
  const days = Math.floor(m / 1440);
  m -= days * 1440;
  const hours = Math.floor(m / 60);
  m -= hours * 60;
  if (days > 0) return `${sign}${days}d${hours ? `${hours}h` : ''}`;
  if (hours > 0) return `${sign}${hours}h${String(m).padStart(2, '0')}m`;
  return `${sign}${m}m`;
}
