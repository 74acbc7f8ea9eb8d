// Article: a book or magazine of the library. Its status is kept by Library Transactions (Issued on an
// issue, Available on a return), so a new article always starts Available.
import { Document } from 'cortado';

export default class Article extends Document {
  declare article_name: string;
  declare author: string | undefined;
  declare isbn: string | undefined;
  declare publisher: string | undefined;
  declare status: 'Available' | 'Issued';

  override before_insert(): void {
    this.status = 'Available';
  }
}
