// Library Settings: the loan period and the most articles one member may hold.
import { Document, ValidationError } from 'cortado';

export default class LibrarySettings extends Document {
  declare loan_period: number | undefined;
  declare max_articles: number | undefined;

  override validate(): void {
    for (const [field, label] of [
      ['loan_period', 'Loan Period'],
      ['max_articles', 'Maximum Issued Articles'],
    ] as const) {
      const value = this[field];
      if (value !== undefined && value !== null && (!Number.isInteger(value) || value < 1))
        throw new ValidationError(`${label} must be a whole number of at least 1`);
    }
  }
}
