import { nextPhotoCheck, photoCheckOf, photoPublic, photoStatusLabel, photoVisibleTo, staffMayApprove, textAllowed, type PhotoCheck, type PhotoState } from '../../../src/domain/content';

/** Content security's decisions, pure (src/domain/content): which verdicts refuse, a photo's state, who sees it. */
const photo = (check: PhotoCheck, staffApproved = false, showsFace = false): PhotoState => ({ check, staffApproved, showsFace });

test('texts: only pass is allowed (risky refused as WeChat advises; review refused too: nobody reviews texts by hand)', () => {
  expect([textAllowed('pass'), textAllowed('review'), textAllowed('risky')]).toEqual([true, false, false]);
});

test('a pushed verdict: pass and risky as sent, anything else needs a person', () => {
  expect([photoCheckOf('pass'), photoCheckOf('risky'), photoCheckOf('review'), photoCheckOf(undefined), photoCheckOf('new')]).toEqual(['pass', 'risky', 'review', 'review', 'review']);
});

test('the first verdict decides; risky always wins and is final', () => {
  expect(nextPhotoCheck('pending', 'pass')).toBe('pass');
  expect(nextPhotoCheck('unchecked', 'review')).toBe('review');
  expect(nextPhotoCheck('pass', 'review')).toBe('pass');
  expect(nextPhotoCheck('pass', 'risky')).toBe('risky');
  expect(nextPhotoCheck('risky', 'pass')).toBe('risky');
});

test('shown to others: after a pass or a staff approval, never when risky, a face only with staff approval', () => {
  expect(photoPublic(photo('pending'))).toBe(false);
  expect(photoPublic(photo('pass'))).toBe(true);
  expect(photoPublic(photo('review'))).toBe(false);
  expect(photoPublic(photo('unchecked'))).toBe(false);
  expect(photoPublic(photo('pending', true))).toBe(true);
  expect(photoPublic(photo('risky', true))).toBe(false);
  expect(photoPublic(photo('pass', false, true))).toBe(false);
  expect(photoPublic(photo('pass', true, true))).toBe(true);
});

test('the author and staff see it while it waits; others only once public', () => {
  expect([photoVisibleTo(photo('pending'), 'author'), photoVisibleTo(photo('pending'), 'staff'), photoVisibleTo(photo('pending'), 'other')]).toEqual([true, true, false]);
  expect(photoVisibleTo(photo('pass'), 'other')).toBe(true);
});

test('staff may approve what is not shown yet, except a risky photo', () => {
  expect(staffMayApprove(photo('pending'))).toBe(true);
  expect(staffMayApprove(photo('pass', false, true))).toBe(true);
  expect(staffMayApprove(photo('pass'))).toBe(false);
  expect(staffMayApprove(photo('risky'))).toBe(false);
  expect(staffMayApprove(photo('review', true))).toBe(false);
});

test('labels', () => {
  expect(photoStatusLabel(photo('pending'))).toBe('照片审核中');
  expect(photoStatusLabel(photo('pass'))).toBe('照片已通过审核');
  expect(photoStatusLabel(photo('review'))).toBe('照片待工作人员审核');
  expect(photoStatusLabel(photo('pass', false, true))).toBe('照片待工作人员审核');
  expect(photoStatusLabel(photo('risky', true))).toBe('照片未通过内容安全审核，不会展示');
});
