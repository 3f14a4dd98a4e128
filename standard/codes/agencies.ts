/** Agencies taking part in the platform (domain.md §1) and their platform org-code type digits (data/agencies.json). */
import { z } from 'zod';
import { codeTable, codesOf, LabelSchema } from './code-table';
import data from './data/agencies.json';

/** `orgType` is null for an agency without a district org code (the provincial prison administration). */
export const AGENCIES = codeTable(
  data,
  LabelSchema.extend({
    orgType: z
      .string()
      .regex(/^\d{2}$/)
      .nullable(),
  }),
);

export type Agency = keyof typeof AGENCIES;
export const AGENCY_IDS = codesOf(AGENCIES);
