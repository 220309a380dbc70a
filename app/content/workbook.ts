/** The words of the assessment workbook (the file itself, its upload page and its downloads' links). */
export const workbookContent = {
  creator: "Digital maturity self-assessment",
  howToHeading: "How to fill it in and send it back",
  howTo: [
    "1. Each theme has its own sheet, one row per question. Fill in the yellow cells only; the others are locked.",
    '2. Answer: a level from the list (the levels are described beside it), Yes or No, a number, or text. For a checklist, write the capabilities in place separated by semicolons (;) exactly as listed, or "None of these".',
    '3. If a question does not apply and it may be left out, write "Yes" under "Does not apply" and say why beside it. Leave its answer empty.',
    "4. Evidence is optional. Put each evidence link (a web address starting https://) on a line of its own in the cell.",
    "5. Type answers, not formulas: a cell with a formula is refused when you upload.",
    '6. Save the file as an Excel workbook (.xlsx), then upload it on the assessment\'s page: "Upload a filled-in workbook". You will see every change before anything is saved.',
    "7. If someone changes an answer on the web after you downloaded this workbook, the upload shows both answers and keeps theirs until you choose.",
    "Do not change the Question ID column, the hidden Revision column or this sheet: they tell the service which assessment and answers this workbook holds.",
  ],
  themeIntro:
    "Fill in the yellow cells. Answer with a level from the list, Yes or No, a number or text; a checklist answer is the capabilities in place separated by semicolons (;). Type answers, not formulas.",
  downloadLink: "Download as an Excel workbook to fill in offline",
  uploadLink: "Upload a filled-in workbook",
  uploadTitle: "Upload a filled-in workbook",
  fileLabel: "Workbook (.xlsx)",
  fileHint:
    "The workbook you downloaded from this assessment, filled in. You will see every change before it is saved.",
  chooseFile: "Select an Excel workbook (.xlsx)",
  tooLarge: (mb: number) => `The selected file must be smaller than ${mb} MB`,
  previewButton: "Check the workbook",
  saveButton: "Save these answers",
  saveValidLabel: "Save the valid answers and leave the invalid ones",
  saveValidHint:
    "Otherwise nothing is saved while any cell is invalid. Correct the workbook and upload it again.",
  invalidStopsSave: (n: number) =>
    `${n} ${n === 1 ? "cell is" : "cells are"} invalid, so nothing was saved. Correct the workbook and upload it again, or choose to save the valid answers.`,
  previewGone: "This upload has already been saved or has expired. Upload the workbook again.",
  nothingToSave: "The workbook changes no answers.",
  saved: (n: number) => `${n} ${n === 1 ? "answer" : "answers"} saved from the workbook`,
  otherAssessment: (what: string) =>
    `This workbook is for ${what}, not this assessment. Download this assessment's workbook and fill that in.`,
  notOurs:
    "This workbook was not downloaded from this service (its cover sheet is missing or changed). Download the assessment's workbook and fill that in.",
} as const;
