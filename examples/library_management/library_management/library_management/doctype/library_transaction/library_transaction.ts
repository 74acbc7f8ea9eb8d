// Library Transaction: an article issued to or returned by a member. Submitting it is the loan itself:
// an issue needs an active paid membership, an Available article and room under Library Settings'
// max_articles; a return needs the article issued to that member. The article's status follows.
import { Document, ValidationError } from 'cortado';
import { libraryRules } from '../../settings.ts';

export default class LibraryTransaction extends Document {
  declare article: string;
  declare library_member: string;
  declare type: 'Issue' | 'Return';
  declare date: string;
  declare overdue: 0 | 1;

  override async validate(): Promise<void> {
    if (this.type === 'Issue') await this.validateMembership();
  }

  override async before_submit(): Promise<void> {
    const status = await this.ctx.getValue<string>('Article', this.article, 'status');
    if (this.type === 'Issue') {
      if (status === 'Issued') throw new ValidationError(`Article ${this.article} is already issued`);
      await this.validateMaximumLimit();
    } else {
      if (status !== 'Issued') throw new ValidationError(`Article ${this.article} is not issued`);
      const holder = await this.currentHolder();
      if (holder !== this.library_member)
        throw new ValidationError(`Article ${this.article} is issued to another member`);
    }
  }

  override async on_submit(): Promise<void> {
    const article = await this.ctx.getDoc('Article', this.article);
    article.status = this.type === 'Issue' ? 'Issued' : 'Available';
    await this.ctx.save(article);
  }

  /** A submitted, paid membership of the member covering the transaction's date. */
  private async validateMembership(): Promise<void> {
    const membership = await this.ctx.exists('Library Membership', {
      library_member: this.library_member,
      docstatus: 1,
      paid: 1,
      from_date: ['<=', this.date],
      to_date: ['>=', this.date],
    });
    if (!membership)
      throw new ValidationError(`${this.library_member} has no active paid membership on ${this.date}`);
  }

  /** Articles the member holds now: their submitted issues less their submitted returns. */
  private async validateMaximumLimit(): Promise<void> {
    const { maxArticles } = await libraryRules(this.ctx);
    const count = (type: string) =>
      this.ctx.count('Library Transaction', { library_member: this.library_member, type, docstatus: 1 });
    const held = (await count('Issue')) - (await count('Return'));
    if (held >= maxArticles)
      throw new ValidationError(`Maximum limit reached for issuing articles (${maxArticles})`);
  }

  /** The member of the article's latest submitted issue. */
  private async currentHolder(): Promise<string | undefined> {
    const [last] = await this.ctx.getAll<{ library_member: string }>('Library Transaction', {
      fields: ['library_member'],
      filters: { article: this.article, type: 'Issue', docstatus: 1 },
      order_by: 'creation desc',
      limit: 1,
    });
    return last?.library_member;
  }
}
