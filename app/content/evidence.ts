import type { EvidenceStatus } from "../evidence/status";
import { formatDate } from "../format";
import { evidenceLimits } from "../limits";
import { evidenceQuestionContent } from "./evidence-question";

/**
 * The evidence library's words (issue 23): the register, the item pages, the question's evidence area, the
 * check page and the report say these, so each is written once.
 */
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

export const evidenceContent = {
  ...evidenceQuestionContent,
  register: "Evidence library",
  registerIntro:
    "Evidence your organisation holds, who owns it and when it must be reviewed. Cite an item from any question, in any assessment.",
  addItem: "Add evidence",
  newItem: "Add evidence to the library",
  csv: "Download the register (CSV)",
  noItems: "No evidence matches these filters.",
  filters: "Filter the register",
  applyFilters: "Apply filters",
  clearFilters: "Clear filters",
  anyStatus: "Any status",
  anyOwner: "Anyone",
  anyTheme: "Any theme",
  citedBy: "Cited by",
  citedSummary: (answers: number, cycles: readonly string[]) =>
    `${answers} ${answers === 1 ? "answer" : "answers"} (${cycles.join(", ")})`,
  notCited: "Not cited yet",
  files: "Files",
  noFiles: "No files",
  addFile: "Add a file",
  removeFile: "Remove the file",
  upload: "Upload the file",
  uploadHint: `PDF, Word, Excel, PowerPoint, PNG, JPEG, CSV or text; up to ${mb(evidenceLimits.fileBytes)}. Files always download, never open in the browser.`,
  links: "Links",
  outcomes: "Framework outcomes",
  outcomesHint: 'Codes separated by commas, such as "B4.a" (CAF) or "wgll:well-led" (What Good Looks Like)',
  save: "Save the evidence",
  saveAndCite: "Save and cite it",
  change: "Change the evidence",
  delete: "Delete this evidence",
  deleteConfirm: "Yes, delete it",
  deleteTitle: "Delete this evidence?",
  deleteOpenCitations: (n: number) =>
    `It is cited by ${n} ${n === 1 ? "answer" : "answers"} in assessments still in progress. Deleting it removes ${n === 1 ? "that citation" : "those citations"}; reports already submitted keep showing it.`,
  deleteNoOpenCitations: "No assessment in progress cites it. Reports already submitted keep showing it.",
  deleted: "This evidence was deleted",
  deletedOn: (date: string) => `Deleted on ${date}. It is shown because a submitted assessment cites it.`,
  conflict: "Someone else changed this evidence",
  conflictBody:
    "Nothing was saved. Their version is shown below; what you entered is still in the form. Save again to replace theirs.",
  citedItems: "Evidence cited",
  cite: "Cite",
  uncite: "Remove",
  search: "Search by title, owner or outcome",
  searchButton: "Search",
  alreadyCited: "Cited",
  offerFreeText: "Make this answer's evidence an item in the library",
  offerFreeTextHint:
    "The evidence written in this answer stays as it is; a library item with its words and links is made and cited, so next year it can be cited again.",
  needsReview: (n: number) =>
    `${n} cited evidence ${n === 1 ? "item is" : "items are"} expired or due for review. You can still submit.`,
  needsReviewHeading: "Evidence to review",
  status: "Status",
  owner: "Owner",
  produced: "Produced",
  reviewBy: "Review by",
  title: "Title",
  description: "Description",
  libraryLink: "Evidence library",
  /** The report's evidence (its page, PDF, CSV, JSON and Excel), with each item's status on a given day. */
  report: {
    heading: "Evidence cited",
    intro:
      "The evidence library items the answers cite, with who owns each and when it must be reviewed. Items deleted from the library since stay listed: the report rests on them.",
    asOf: (day: string) =>
      `Each status is as it stands on ${formatDate(day)}, when this was made, not when the report was saved: evidence can expire after a report is saved, and a board relying on it needs to know.`,
    none: "The answers cite no evidence from the library.",
    status: (item: { status: EvidenceStatus; reviewBy: string; expiredOn: string | null }) =>
      item.status === "expired" && item.expiredOn
        ? `Expired on ${formatDate(item.expiredOn)}`
        : item.status === "due"
          ? `Due for review by ${formatDate(item.reviewBy)}`
          : "Current",
    deletedSince: "deleted from the library since",
    columns: {
      question: "Question",
      title: "Evidence",
      owner: "Owner",
      reviewBy: "Review by",
      status: "Status",
    },
    summary: (n: number, expired: number, due: number) =>
      `${n} ${n === 1 ? "item" : "items"} cited: ${expired} expired, ${due} due for review.`,
  },
  errors: {
    titleMissing: "Enter a title for the evidence",
    titleTooLong: `Title must be ${evidenceLimits.titleChars} characters or fewer`,
    descriptionTooLong: `Description must be ${evidenceLimits.descriptionChars} characters or fewer`,
    ownerMissing: "Choose who owns the evidence",
    ownerRoleMissing: "Enter the role that owns the evidence",
    ownerRoleTooLong: `Role must be ${evidenceLimits.ownerRoleChars} characters or fewer`,
    ownerNotOfOrganisation: "Choose a person of this organisation, or name a role",
    producedMissing: "Enter the date the evidence was produced",
    producedInvalid: "Date produced must be a real date, like 2026-04-30",
    reviewByMissing: "Enter the date the evidence must be reviewed by",
    reviewByInvalid: "Review-by date must be a real date, like 2027-04-30",
    reviewBeforeProduced: "Review-by date must be the same as or after the date it was produced",
    linkInvalid: "Enter each link as a full web address starting https://",
    tooManyLinks: `Give at most ${evidenceLimits.links} links`,
    outcomeInvalid: 'Enter outcome codes like "B4.a" or "wgll:well-led"',
    tooManyOutcomes: `Tag at most ${evidenceLimits.outcomes} outcomes`,
    reload: "Reload the page and try again",
    noFile: "Select a file to upload",
    fileTooLarge: `The selected file must be smaller than ${mb(evidenceLimits.fileBytes)}`,
    quota: `Your organisation's files would pass its limit of ${mb(evidenceLimits.organisationBytes)}: delete files you no longer need first`,
    tooManyFiles: `An item can have at most ${evidenceLimits.filesPerItem} files`,
    otherOrganisation: "That evidence is not your organisation's, so it cannot be cited here",
    notFound: "That evidence no longer exists",
    closed: "This assessment is not in progress, so its evidence cannot change",
    unknownQuestion: "That question is not on this page",
  },
} as const;
