import { z } from 'zod';
import { DOCUMENT_TYPE_IDS } from '../codes/message-types';
import { bilingual, isoDateOrDateTime, isoDateTime, nonEmptyText } from './primitives';

export const AttachmentSchema = z
  .strictObject({
    fileName: nonEmptyText.describe('文件名'),
    mediaType: nonEmptyText.describe('媒体类型'),
    size: z.number().int().nonnegative().describe('字节数'),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, { error: bilingual('must be 64 lower-case hex digits', '应为64位小写十六进制') })
      .describe('SHA-256摘要'),
    content: z
      .base64({ error: bilingual('must be base64', '应为base64编码') })
      .optional()
      .describe('内容（base64）'),
    sm3: z
      .string()
      .regex(/^[0-9a-f]{64}$/, { error: bilingual('must be 64 lower-case hex digits', '应为64位小写十六进制') })
      .optional()
      .describe('SM3摘要（国密配置）'),
    contentRef: z
      .string()
      .regex(/^(sha256|sm3):[0-9a-f]{64}$/, { error: bilingual('must be sha256:<64 hex> or sm3:<64 hex>', '应为 sha256:<64位十六进制> 或 sm3:<64位十六进制>') })
      .optional()
      .describe('内容地址（附件存储中的文件，代替内联内容）'),
    link: z
      .strictObject({
        url: z
          .string()
          .regex(/^https?:\/\/\S+$/, { error: bilingual('must be an http(s) URL', '应为http(s)地址') })
          .describe('下载地址'),
        expiresAt: isoDateTime.describe('失效时间'),
      })
      .optional()
      .describe('限时下载链接（以链接方式投递附件的接收方）'),
    sourceUrl: z
      .string()
      .regex(/^https?:\/\/\S+$/, { error: bilingual('must be an http(s) URL', '应为http(s)地址') })
      .optional()
      .describe('取件地址（发送方系统上的文件；平台在接收时取回入库，代之以内容地址）'),
  })
  .describe('附件');

export const DocumentSchema = z
  .strictObject({
    docType: z.enum(DOCUMENT_TYPE_IDS, { error: bilingual('is not a known document type', '不是已知文书类型') }).describe('文书类型'),
    docNo: nonEmptyText.optional().describe('文书号'),
    title: nonEmptyText.optional().describe('文书名称'),
    issuedAt: isoDateOrDateTime.optional().describe('开具日期'),
    attachments: z.array(AttachmentSchema).describe('附件（无则为空数组）'),
  })
  .describe('法律文书');

export type Attachment = z.infer<typeof AttachmentSchema>;
export type Document = z.infer<typeof DocumentSchema>;
