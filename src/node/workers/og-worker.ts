/** A worker thread that draws social images (render/og-image.ts) into the card cache. */
import { drawCardsInto } from '../render/og-image.ts';

export default drawCardsInto;
