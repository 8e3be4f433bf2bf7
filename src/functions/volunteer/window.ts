import { AppError } from '../../contract';
import type { Handler } from '../../server/handler';
import type { SignupWindow } from '../../programmes';
import { extensionRefusal, windowRefusal, windowState, windowText } from '../../domain/volunteer';
import { forgetProgramme, loadSignupWindow, PROGRAMME_DOC, requireProgramme, SETTINGS } from '../../server/programme';

/** The running window as the sign-up and staff pages show it. */
export function windowView(w: SignupWindow, today: string) {
  return { opens: w.opens, closes: w.closes, text: windowText(w), state: windowState(w, today), notice: windowRefusal(w, today) };
}

/**
 * A later closing date for the whole programme. The window is the city's decision, so staff act
 * only from the programme's top node (a street's staff would change every district's sign-up).
 */
export const extendSignup: Handler<'volunteer', 'extendSignup'> = async ({ closes }, { db, caller, now, auditTarget }) => {
  const p = await requireProgramme(db);
  if (!caller.isAdmin && caller.staff?.orgPath.length !== 1) throw new AppError('FORBIDDEN', '报名时间由市级妇联调整，请联系市妇联');
  const today = now().format('YYYY-MM-DD');
  forgetProgramme(); // decide on the stored window, not a cached one
  const current = await loadSignupWindow(db);
  const refused = extensionRefusal(current, closes, today);
  if (refused) throw new AppError('INVALID_INPUT', refused);
  const next: SignupWindow = { opens: current.opens, closes };
  await db.collection(SETTINGS).doc(PROGRAMME_DOC).update({ signupWindow: next });
  forgetProgramme();
  auditTarget({ kind: 'programme', ids: [p.id] });
  return { signupWindow: windowView(next, today) };
};
