/** A user-chosen name for an operator's processor node. */
export class Named {
  private constructor(readonly name: string) {}
  static as(name: string): Named {
    return new Named(name);
  }
}
