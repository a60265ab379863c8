/** The pay screen's way to the register shift a sale belongs to (null while none is open on this device). */
export { currentShiftId } from './shift-data.js';
