// Tags are case-folded once, when written (every write path, imports included; migration 0005
// folded older rows), so that reading compares them exactly and the tag index serves filters.
export const foldTag = (tag: string): string => tag.toLowerCase();

/** The distinct folded tags of a list, in first-seen order. */
export const foldTags = (tags: readonly string[]): string[] => [...new Set(tags.map(foldTag))];
