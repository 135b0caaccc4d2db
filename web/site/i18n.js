// @ts-check
// Page words in zh-CN (written first) and en. Reason, state and verdict texts come from the
// core's message catalog (worker -> messages), so the page, the CLI and the viewer say the same
// thing; the headline and the next step, which say what the finding means for a buyer, are here.

/** @typedef {{headline: string, next: string}} Finding */

export const kUiText = {
  'zh-CN': {
    title: '溯源码验证',
    skip: '跳到结果',
    loading: '正在准备验证…',
    ready: '请扫描商品标签上的二维码，或输入标签上印的编号',
    working: '正在验证…',
    scanning: '正在扫描：请将二维码放入框内',
    readingPhoto: '正在识别照片…',
    scan: '扫码验证',
    switch: '切换相机',
    torch: '手电筒',
    stop: '停止扫描',
    hint: '将标签上的二维码放入框内，保持稳定',
    photo: '从相册选择照片',
    'paste-label': '或输入溯源码 / 标签上印的编号',
    verify: '验证',
    privacy: '验证在本机离线完成，不会上传溯源码。',
    inspectorLink: '执法人员入口',
    actions: '扫描方式',
    preview: '相机预览',
    langSwitch: 'English',
    retry: '重试',
    checkedAt: (t) => `验证时间：${t}`,
    demoClock: (d) => `演示数据 · 演示时钟 ${d}：按这一天验证，而不是今天`,
    dataAsOf: (d) => `验证数据更新于 ${d}`,
    statusAsOf: (d) => `，商品状态更新于 ${d}`,
    dataExpired: '验证数据已过期，请联网后重试。',
    statusStale: '商品状态数据已过期，请联网后重试。',
    refreshFailed: (why) => `未能更新验证数据（${why}），正在使用本机保存的数据。`,
    refreshRefused: '服务器返回的验证数据无效，已忽略，继续使用本机保存的数据。',
    updated: '验证数据已更新。',
    firstLoadFailed: (why) => `无法下载验证数据（${why}）。请检查网络后重试。`,
    why: { timeout: '网络超时', offline: '无法连接网络', http: '服务器出错', refused: '数据无效' },
    cameraErrors: {
      NotAllowedError: '相机权限被拒绝。请在浏览器设置中允许本网站使用相机，或改用“从相册选择照片”。',
      NotFoundError: '没有找到可用的相机。请改用“从相册选择照片”，或输入标签上印的编号。',
      NotReadableError: '相机正被其他应用使用。请关闭其他使用相机的应用后重试。',
      OverconstrainedError: '没有找到合适的相机。请改用“从相册选择照片”。',
      SecurityError: '此页面不能使用相机（需要安全连接）。请改用“从相册选择照片”。',
      other: '无法打开相机。请重试，或改用“从相册选择照片”。',
    },
    notImage: '所选文件不是图片。请选择一张商品标签的照片。',
    imageUnreadable: '无法读取这张图片。请换一张清晰的标签照片。',
    linkIncomplete: '这个链接不完整或已损坏，无法验证。请直接扫描商品标签上的二维码。',
    fields: {
      category: '商品类别',
      operator: '免税店',
      code_number: '编号',
      issue_date: '赋码日期',
      text: '读到的内容',
    },
    more: (n) => `照片中还有 ${n} 个码（最需要注意的在最前）：`,
    unverifiedClaims: '码中声称的内容（未通过验证，不可信）：',
    withdrawnCode: '此码确由免税店签发，但已停止使用，不能证明商品来源：',
    numberOnly: '您输入的编号：',
    stateIs: (text, d) => `状态：${text}（截至 ${d}）`,
    numberStateIs: (text, d) => `该编号的状态：${text}（截至 ${d}）`,
    reminderTitle: '提示',
    /** @type {Record<string, Finding>} */
    findings: {
      genuine: { headline: '正品：溯源码真实有效', next: '请核对商品与下面的信息一致，并保留购物凭证。' },
      resale_suspected: { headline: '注意：此商品已售出并提货，谨防倒卖',
                          next: '请勿购买。如有人向您出售此商品，可向店员或拨打 12345 热线举报。' },
      code_not_activated: { headline: '注意：此码尚未激活，请先核实',
                            next: '请向店员核实商品是否已正式入库，确认后再购买。' },
      sale_not_recorded: { headline: '注意：此商品没有销售记录', next: '请向店员或监管人员核实。' },
      clone_suspected: { headline: '注意：此标签可能被复制', next: '请勿购买，并告知店员或拨打 12345 热线举报。' },
      status_stale: { headline: '溯源码真实，但商品状态数据已过期',
                      next: '请联网后再验证一次，以获得最新状态。' },
      trust_list_expired: { headline: '溯源码真实，但验证数据已过期',
                            next: '请联网后再验证一次。' },
      code_voided: { headline: '无效：此溯源码已作废',
                     next: '请勿购买贴有此标签的商品。请告知店员，或拨打 12345 热线举报。' },
      code_superseded: { headline: '无效：此标签已被新标签取代',
                         next: '请向店员索取贴有新标签的商品，不要购买贴旧标签的商品。' },
      serial_not_allocated: { headline: '无效：此编号从未分配',
                              next: '请勿购买。请告知店员，或拨打 12345 热线举报。' },
      prefix_not_trusted: { headline: '无效：标签网址不是官方网址，可能是仿冒标签',
                            next: '请勿购买。请拍照留存标签，并拨打 12345 热线举报。' },
      damaged: { headline: '无效：溯源码已损坏或被改动',
                 next: '如标签破损，请向店员核实；否则请勿购买。' },
      invalid: { headline: '无效：这不是真实的溯源码，可能是伪造标签',
                 next: '请勿购买。请拍照留存标签，并拨打 12345 热线举报。' },
      number: { headline: '仅凭编号无法确认真伪', next: '请扫描标签上的二维码，才能确认商品是否为正品。' },
      number_resale: { headline: '注意：此编号的商品已售出并提货，谨防倒卖',
                       next: '请勿购买。请扫描标签上的二维码确认；如有人向您转卖，可拨打 12345 热线举报。' },
      number_not_activated: { headline: '注意：此编号尚未激活',
                              next: '请向店员核实，并扫描标签上的二维码确认。' },
      number_voided: { headline: '无效：此编号的溯源码已作废', next: '请勿购买贴有此编号的商品。' },
      number_superseded: { headline: '无效：此编号的标签已被新标签取代',
                           next: '请向店员索取贴有新标签的商品。' },
      number_unknown: { headline: '无效：没有这个编号', next: '请核对编号，或扫描标签上的二维码。' },
      foreign: { headline: '这不是免税溯源码',
                 next: '请扫描商品标签上印有“关税未付 禁止倒卖”字样的二维码。' },
      no_code: { headline: '没有识别到二维码',
                 next: '请靠近一些，让二维码清晰地填满框内；或换一张更清楚的照片。' },
    },
  },
  en: {
    title: 'Check a duty-free code',
    skip: 'Skip to result',
    loading: 'Getting ready…',
    ready: 'Scan the QR code on the label, or type the number printed on it',
    working: 'Checking…',
    scanning: 'Scanning: hold the QR code inside the frame',
    readingPhoto: 'Reading the photo…',
    scan: 'Scan a code',
    switch: 'Switch camera',
    torch: 'Torch',
    stop: 'Stop scanning',
    hint: 'Hold the label\'s QR code inside the frame and keep still',
    photo: 'Pick a photo',
    'paste-label': 'Or enter the code / the number printed on the label',
    verify: 'Check',
    privacy: 'Checked on this device, offline; the code is never uploaded.',
    inspectorLink: 'Inspectors',
    actions: 'Ways to scan',
    preview: 'Camera preview',
    langSwitch: '中文',
    retry: 'Try again',
    checkedAt: (t) => `Checked at ${t}`,
    demoClock: (d) => `Demo data · demo clock ${d}: codes are checked as of that day, not today`,
    dataAsOf: (d) => `Checking data from ${d}`,
    statusAsOf: (d) => `, item status from ${d}`,
    dataExpired: 'The checking data has expired: go online and try again.',
    statusStale: 'The item status data is out of date: go online and try again.',
    refreshFailed: (why) => `Could not update the checking data (${why}); using the data saved on this device.`,
    refreshRefused: 'The server sent checking data that is not valid; ignored, keeping the data saved on this device.',
    updated: 'Checking data updated.',
    firstLoadFailed: (why) => `Could not download the checking data (${why}). Check your connection and try again.`,
    why: { timeout: 'the network timed out', offline: 'no connection', http: 'server error', refused: 'invalid data' },
    cameraErrors: {
      NotAllowedError: 'Camera permission was refused. Allow this site to use the camera in the browser settings, or use "Pick a photo".',
      NotFoundError: 'No camera found. Use "Pick a photo", or type the number printed on the label.',
      NotReadableError: 'The camera is in use by another app. Close it and try again.',
      OverconstrainedError: 'No suitable camera found. Use "Pick a photo".',
      SecurityError: 'This page cannot use the camera (it needs a secure connection). Use "Pick a photo".',
      other: 'Cannot open the camera. Try again, or use "Pick a photo".',
    },
    notImage: 'The file you picked is not a picture. Pick a photo of the label.',
    imageUnreadable: 'This picture cannot be read. Try a clearer photo of the label.',
    linkIncomplete: 'This link is incomplete or damaged and cannot be checked. Scan the QR code on the label instead.',
    fields: {
      category: 'Product category',
      operator: 'Duty-free shop',
      code_number: 'Number',
      issue_date: 'Labelled on',
      text: 'Text read',
    },
    more: (n) => `${n} more code(s) in the photo (most serious first):`,
    unverifiedClaims: 'What the code claims (NOT verified, do not trust):',
    withdrawnCode: 'The shop did issue this code, but it is withdrawn and proves nothing about the item:',
    numberOnly: 'The number you entered:',
    stateIs: (text, d) => `Status: ${text} (as of ${d})`,
    numberStateIs: (text, d) => `Status of this number: ${text} (as of ${d})`,
    reminderTitle: 'Note',
    /** @type {Record<string, Finding>} */
    findings: {
      genuine: { headline: 'Genuine: the code is authentic', next: 'Check that the item matches the details below and keep your receipt.' },
      resale_suspected: { headline: 'Warning: this item was already sold and picked up — beware of resale',
                          next: 'Do not buy it. If someone is selling it to you, tell the shop staff or call the 12345 hotline.' },
      code_not_activated: { headline: 'Warning: this code was never activated — check first',
                            next: 'Ask the staff whether the item was registered in stock before you buy.' },
      sale_not_recorded: { headline: 'Warning: there is no sale recorded for this item', next: 'Ask the staff or an inspector.' },
      clone_suspected: { headline: 'Warning: this label may have been copied', next: 'Do not buy it; tell the staff or call the 12345 hotline.' },
      status_stale: { headline: 'The code is authentic, but the item status data is out of date',
                      next: 'Go online and check again to see the latest status.' },
      trust_list_expired: { headline: 'The code is authentic, but the checking data has expired',
                            next: 'Go online and check again.' },
      code_voided: { headline: 'Invalid: this code has been voided',
                     next: 'Do not buy an item with this label. Tell the staff, or call the 12345 hotline.' },
      code_superseded: { headline: 'Invalid: this label was replaced by a new one',
                         next: 'Ask for the item with the new label; do not buy one with the old label.' },
      serial_not_allocated: { headline: 'Invalid: this number was never issued',
                              next: 'Do not buy it. Tell the staff, or call the 12345 hotline.' },
      prefix_not_trusted: { headline: 'Invalid: the label\'s web address is not the official one — it may be fake',
                            next: 'Do not buy it. Take a photo of the label and call the 12345 hotline.' },
      damaged: { headline: 'Invalid: the code is damaged or was altered',
                 next: 'If the label is torn, ask the staff; otherwise do not buy it.' },
      invalid: { headline: 'Invalid: this is not a real code — the label may be forged',
                 next: 'Do not buy it. Take a photo of the label and call the 12345 hotline.' },
      number: { headline: 'A number alone cannot prove the item is genuine', next: 'Scan the QR code on the label to check it.' },
      number_resale: { headline: 'Warning: the item with this number was already sold and picked up — beware of resale',
                       next: 'Do not buy it. Scan the QR code to check; report a resale on the 12345 hotline.' },
      number_not_activated: { headline: 'Warning: this number was never activated',
                              next: 'Ask the staff, and scan the QR code on the label.' },
      number_voided: { headline: 'Invalid: the code with this number has been voided', next: 'Do not buy an item with this number.' },
      number_superseded: { headline: 'Invalid: the label with this number was replaced',
                           next: 'Ask for the item with the new label.' },
      number_unknown: { headline: 'Invalid: there is no such number', next: 'Check the number, or scan the QR code on the label.' },
      foreign: { headline: 'This is not a duty-free traceability code',
                 next: 'Scan the QR code on the item\'s label, the one printed with 关税未付 禁止倒卖.' },
      no_code: { headline: 'No QR code found',
                 next: 'Move closer so the QR code fills the frame sharply, or use a clearer photo.' },
    },
  },
};

/** @typedef {typeof kUiText['zh-CN']} UiText */

const kDamaged = ['token_bad_character', 'token_bad_length', 'token_non_canonical', 'unsupported_version'];
const kNumberFinding = { resale_suspected: 'number_resale', code_not_activated: 'number_not_activated',
                         code_voided: 'number_voided', code_superseded: 'number_superseded',
                         serial_not_allocated: 'number_unknown', segment_not_authorized: 'number_unknown' };

/**
 * Which finding the headline states: the first reason that says something about the item (the
 * core lists the state's reason first, FORMAT.md §9.5), else the verdict's.
 * @param {import('../bindings').Assessment} a
 */
export function findingOf(a) {
  const r = a.reasons;
  if (a.code_number !== undefined) {
    const key = r.map((x) => kNumberFinding[x]).find(Boolean);
    return key || 'number';
  }
  if (a.verdict === 'genuine' || a.verdict === 'foreign' || a.verdict === 'no_code') return a.verdict;
  const named = r.find((x) => x in kUiText.en.findings);
  if (named) return named;
  if (r.some((x) => kDamaged.includes(x))) return 'damaged';
  return a.verdict === 'warning' ? 'trust_list_expired' : 'invalid';
}

// zh-CN unless the browser prefers a language that is not Chinese; a stored choice wins.
export function pickLanguage(stored, languages) {
  if (stored === 'zh-CN' || stored === 'en') return stored;
  const first = (languages && languages[0]) || 'zh-CN';
  return first.toLowerCase().startsWith('zh') ? 'zh-CN' : (first.toLowerCase().startsWith('en') ? 'en' : 'zh-CN');
}
