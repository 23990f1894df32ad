/** Vietnamese strings of the link to the station and the outbox (merged by src-renderer/i18n/vi.ts). */
export const linkVi = {
  link: {
    down: (since: string) => `Không kết nối được trạm trực ban từ ${since} — đang thử lại…`,
    downNow: 'Không kết nối được trạm trực ban — đang thử lại…',
    pending: (n: number) => `${n} mục chưa gửi sẽ được gửi khi kết nối lại.`,
    notSent: 'Chưa gửi',
    notSentTitle: 'Chưa gửi — lưu trên máy này',
    madeAt: (at: string) => `lập lúc ${at}`,
    queuedToast: 'Chưa gửi: đã lưu trên máy này, sẽ tự gửi khi kết nối lại được trạm.',
    refusedTitle: 'Không gửi được',
    refusedHint: 'Trạm trực ban không nhận các mục sau khi gửi lại. Hãy xem lý do rồi làm lại nếu cần.',
    dismiss: 'Đã xem',
    amendOf: 'Đính chính',
  },
};
