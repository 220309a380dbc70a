/** Assessment cycles follow the NHS financial year, April to March, written "2026/27". */
export function cycleOf(date: Date): string {
  const year = date.getUTCMonth() >= 3 ? date.getUTCFullYear() : date.getUTCFullYear() - 1;
  return `${year}/${String((year + 1) % 100).padStart(2, "0")}`;
}

export function shiftCycle(cycle: string, years: number): string {
  const start = Number(cycle.slice(0, 4)) + years;
  return `${start}/${String((start + 1) % 100).padStart(2, "0")}`;
}
