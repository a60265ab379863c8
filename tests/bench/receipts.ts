/**
 * How long the documents a benchmark sent took to reach the subscribed streams that carry them (the receipts the
 * subscriber process reports, one map of key → first receipt time per stream): from the answer to the request that
 * made each one, from its sending where known, and how many (document, stream) pairs never arrived.
 */
export function timesToStreams(
  receipts: readonly ReadonlyMap<string, number>[],
  carries: (stream: number) => boolean,
  sent: readonly { key: string; sentAt?: number; respondedAt: number }[],
): { fromAnswer: number[]; fromSent: number[]; missed: number } {
  const fromAnswer: number[] = [];
  const fromSent: number[] = [];
  let missed = 0;
  receipts.forEach((got, stream) => {
    if (!carries(stream)) return;
    for (const { key, sentAt, respondedAt } of sent) {
      const at = got.get(key);
      if (at === undefined) missed++;
      else {
        fromAnswer.push(at - respondedAt);
        if (sentAt !== undefined) fromSent.push(at - sentAt);
      }
    }
  });
  return { fromAnswer, fromSent, missed };
}
