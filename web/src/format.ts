// Integer hundredths (carats) or cents (US$) as "1,234,567.89": the integer's digits regrouped
// as a string, never divided in floating point.
export function amount(hundredths: number): string {
  const digits = String(Math.abs(Math.trunc(hundredths))).padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+$)/g, ',');
  return (hundredths < 0 ? '-' : '') + whole + '.' + digits.slice(-2);
}
