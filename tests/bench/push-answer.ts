/**
 * What is wrong with a push's answer, or undefined when every pushed fact (a sale, a pickup fact) was accepted. The
 * server answers 200 with each new fact as it decided it (RxDB conflict semantics: that is how its outcome reaches
 * the device), so a good answer is a list of documents whose outcome is `accepted` (or [] when the device already
 * held that state).
 */
export function pushProblem(status: number, text: string): string | undefined {
  if (status !== 200) return `${status} ${text.slice(0, 300)}`;
  const answered = JSON.parse(text) as { id: string; outcome?: { status: string; code: string | null; message: string | null } }[];
  const refused = answered.find((doc) => doc.outcome?.status !== 'accepted');
  return refused
    ? `${refused.id} ${refused.outcome?.status ?? 'without outcome'}: ${refused.outcome?.code ?? ''} ${refused.outcome?.message ?? ''}`
    : undefined;
}
