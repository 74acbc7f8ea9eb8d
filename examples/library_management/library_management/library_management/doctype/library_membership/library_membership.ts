// Library Membership: a member's paid (or not yet paid) period. A submitted membership is what lets a member
// borrow; two submitted memberships of one member may not overlap.
import { Document, ValidationError } from 'cortado';
import { addDays } from '../../dates.ts';
import { libraryRules } from '../../settings.ts';

export default class LibraryMembership extends Document {
  declare library_member: string;
  declare full_name: string | undefined;
  declare from_date: string;
  declare to_date: string | undefined;
  declare paid: 0 | 1;

  override async validate(): Promise<void> {
    // Frappe fetches this from the link (fetch_from); the controller keeps it on the server as well.
    this.full_name = await this.ctx.getValue<string>('Library Member', this.library_member, 'full_name');
    if (!this.to_date) this.to_date = addDays(this.from_date, (await libraryRules(this.ctx)).loanPeriod);
    if (this.to_date < this.from_date) throw new ValidationError('To Date cannot be before From Date');
  }

  override async before_submit(): Promise<void> {
    const overlapping = await this.ctx.exists('Library Membership', {
      library_member: this.library_member,
      docstatus: 1,
      from_date: ['<=', this.to_date],
      to_date: ['>=', this.from_date],
    });
    if (overlapping)
      throw new ValidationError(
        `${this.full_name ?? this.library_member} already has an active membership (${overlapping})`,
      );
  }
}
