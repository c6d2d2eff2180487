/** One line of the results table. `goal` and `met` are set only where the issue states a goal. */
export interface Row {
  metric: string;
  value: string;
  goal?: string;
  met?: boolean;
}

export interface Section {
  /** "1. Flow overhead", as the issue numbers them. */
  title: string;
  rows: Row[];
  /** How this section was measured, in a sentence or two. */
  notes: string[];
}

export function renderSection(section: Section): string {
  const lines = [`### ${section.title}`, "", "| Metric | Value | Goal | Met |", "| --- | --- | --- | --- |"];
  for (const row of section.rows) {
    const met = row.met === undefined ? "" : row.met ? "yes" : "**no**";
    lines.push(`| ${row.metric} | ${row.value} | ${row.goal ?? ""} | ${met} |`);
  }
  if (section.notes.length) lines.push("", ...section.notes.map((note) => `- ${note}`));
  return lines.join("\n");
}
