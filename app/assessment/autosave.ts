/** Browser-side persistence of unsaved answers, so a closed tab, a crash or a lost connection loses nothing. */
export interface Draft {
  fields: Record<string, unknown>;
  baseRevision: string;
  savedLocallyAt: string;
}

const key = (assessmentId: number, questionId: string) => `dm-draft:${assessmentId}:${questionId}`;

export function writeDraft(assessmentId: number, questionId: string, draft: Draft) {
  try {
    localStorage.setItem(key(assessmentId, questionId), JSON.stringify(draft));
  } catch {
    // Storage full or blocked (some locked-down browsers): autosave to the server still runs.
  }
}

export function readDraft(assessmentId: number, questionId: string): Draft | null {
  try {
    const raw = localStorage.getItem(key(assessmentId, questionId));
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

export function clearDraft(assessmentId: number, questionId: string) {
  try {
    localStorage.removeItem(key(assessmentId, questionId));
  } catch {
    // see writeDraft
  }
}

/** Waits between retries of a failed save: 2 s, 4 s, 8 s … up to 30 s. */
export const retryDelay = (attempt: number) => Math.min(2000 * 2 ** attempt, 30_000);
