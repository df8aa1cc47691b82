import type { Schemas } from "../api/client";

export type Source = Schemas["ApplicationRead"]["source"];

/**
 * What an application is built from, in one line. Written against the `type`
 * discriminator so that a new source variant in openapi.json (git, compose) is shown by
 * its type instead of breaking every screen that reads `.image`.
 */
export function sourceLabel(source: Source): string {
  if (source.type === "image") return source.image;
  const other: { type: string } = source;
  return `${other.type} source`;
}

/** The image reference, when the source is an image; the image form only edits those. */
export function sourceImage(source: Source): string | null {
  return source.type === "image" ? source.image : null;
}
