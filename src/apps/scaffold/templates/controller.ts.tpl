import { Document } from 'cortado';

// The fields of {{doctype}}, typed (`cortado types` writes these for every DocType). An interface, not class
// properties: the base class reads and writes fields through accessors that properties would hide.
interface {{class_name}} {
  title: string;
  status: 'Open' | 'Done';
  content: string | null;
}

/** {{doctype}}: an example DocType with its controller (edit it, or delete its folder). */
class {{class_name}} extends Document {
  override validate(): void {
    // Runs before every save: a title is kept without surrounding spaces.
    this.title = this.title.trim();
  }
}

export default {{class_name}};
