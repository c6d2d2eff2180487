// A live countdown to a challenge's expiresAt; ticks on the second, stops itself at zero.
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, "0")}`;
}

export function startCountdown(expiresAt: string, onTick: (msLeft: number) => void, onExpire: () => void): () => void {
  const end = Date.parse(expiresAt);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = () => {
    const left = end - Date.now();
    if (left <= 0) {
      onTick(0);
      onExpire();
      return;
    }
    onTick(left);
    timer = setTimeout(tick, (left % 1000) + 5);
  };
  tick();
  return () => clearTimeout(timer);
}
