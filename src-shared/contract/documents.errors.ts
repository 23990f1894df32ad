/** Error codes of the documents: channels (the official forms Phụ lục II–V). */
import type { ErrorText } from '../errors';

export const documentsErrors = {
  document_issued: {
    vi: 'Văn bản[ số {number}] đã ban hành nên không thể sửa; muốn thay đổi, hãy ban hành lại thành văn bản mới có số mới',
    en: 'The document[ {number}] has been issued and cannot be edited; to change it, reissue it as a new document with a new number',
  },
  document_superseded: {
    vi: 'Văn bản[ số {number}] đã được thay thế[ bởi văn bản số {by}]; hãy thao tác trên văn bản mới',
    en: 'The document[ {number}] has been superseded[ by {by}]; work on the new one',
  },
  document_not_issued: {
    vi: 'Văn bản đang là dự thảo, chưa ban hành; hãy ban hành trước',
    en: 'The document is still a draft; issue it first',
  },
  document_incomplete: {
    vi: 'Văn bản chưa đủ nội dung để ban hành[ (còn {count} mục chưa điền)]',
    en: 'The document is not complete enough to issue[ ({count} items still empty)]',
  },
  document_render_failed: {
    vi: 'Không tạo được tệp văn bản (PDF/DOCX); văn bản chưa được ban hành và chưa được cấp số',
    en: 'Could not produce the document files (PDF/DOCX); the document was not issued and no number was used',
  },
} satisfies Record<string, ErrorText>;
