import { Document } from 'cortado';

/** {{doctype}}: an example DocType with its controller (edit it, or delete the folder). */
export default class {{class_name}} extends Document {
  declare title: string;
  declare status: 'Open' | 'Done';
  declare content: string | null;

  override validate(): void {
    // Runs before every save: a title is kept without surrounding spaces.
    this.title = this.title.trim();
  }
}
