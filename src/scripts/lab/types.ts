/** Types the lab's modules share (the widget, the step editor, the progress view), apart, so their imports make no cycle. */
import type { LabStrings } from '../../components/i18n.ts';
import type { LabViewLabels } from '../../core/lab/view/lab-view.ts';

/** The lab's interface text, and the words of its static markup for drawing it again. */
export type LabWidgetStrings = LabStrings & { view: LabViewLabels };
