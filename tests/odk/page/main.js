// The test page: mounts ODK Web Forms (@getodk/web-forms, ODK's own XForm engine and renderer)
// on an XForm given as a string, and keeps what the engine hands to its host on "Send".
// Driven by xforms.test.mjs through window.odkTest.
import { createApp, h } from 'vue';
import { OdkWebForm, webFormsPlugin } from '@getodk/web-forms';

const state = { errors: [], submissions: [] };

const toBase64 = async (blob) => {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};

// OdkWebForm emits `submit` with (payload, callback). The payload is the engine's
// MonolithicInstancePayload: { payloadType: 'monolithic', status: 'ready' | 'pending', violations,
// submissionMeta, data: [InstanceData] }, where InstanceData is a FormData holding the part
// `xml_submission_file` (the engine's InstanceFile, text/xml) and one File per attachment,
// also exposed as `.instanceFile` and `.attachments`.
async function onSubmit(payload, callback) {
  try {
    const [data] = payload.data;
    state.submissions.push({
      status: payload.status,
      violations: payload.violations,
      submissionMeta: payload.submissionMeta,
      parts: [...data.keys()],
      instance: { name: data.instanceFile.name, type: data.instanceFile.type, xml: await data.instanceFile.text() },
      attachments: await Promise.all(data.attachments.map(async (f) => (
        { name: f.name, type: f.type, size: f.size, base64: await toBase64(f) }))),
    });
    callback({ status: 'success' });
  } catch (e) {
    state.errors.push(`submit handler: ${e?.stack ?? e}`);
    callback({ status: 'failure' });
  }
}

// Forms here have no media or external instances: any attachment request is a 404.
const fetchFormAttachment = async (url) => new Response('not found', { status: 404 });

let app = null;
function mount(formXml) {
  app?.unmount();
  state.errors.length = 0;
  state.submissions.length = 0;
  app = createApp({ render: () => h(OdkWebForm, { formXml, fetchFormAttachment, onSubmit }) });
  app.use(webFormsPlugin);
  app.config.errorHandler = (err) => { state.errors.push(`vue: ${err?.stack ?? err}`); };
  app.mount('#app');
}

window.addEventListener('error', (e) => state.errors.push(`window: ${e.message}`));
window.addEventListener('unhandledrejection', (e) => state.errors.push(`unhandled: ${e.reason?.stack ?? e.reason}`));
window.odkTest = { mount, state };
