// Library Member: a person who may borrow articles; full_name is kept from first and last name.
import { Document } from 'cortado';

export default class LibraryMember extends Document {
  declare first_name: string;
  declare last_name: string | undefined;
  declare full_name: string;
  declare email_address: string | undefined;
  declare phone: string | undefined;

  override before_save(): void {
    this.full_name = [this.first_name, this.last_name]
      .map((part) => part?.trim())
      .filter(Boolean)
      .join(' ');
  }
}
