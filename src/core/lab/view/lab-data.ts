/**
 * What a page carries for one ```lab block, written by the build (src/core/render/lab-markup.ts)
 * as JSON in the block's `data-lab` attribute and read by the browser's lab: the scenario as
 * the build parsed it (expectations included, steps with their lines in the note), so an
 * unedited lab needs no parser, and the block's text, for the step editor. An attribute value is
 * data to the HTML parser whatever it holds (`</script>`, U+2028), and the sanitiser keeps
 * data-* attributes.
 */
import type { LabScenario } from '../scenario.ts';

export interface LabBlockData {
  /** The block's text as written. */
  source: string;
  /** Absent when the block does not parse (the page shows its error instead). */
  scenario?: LabScenario;
}
