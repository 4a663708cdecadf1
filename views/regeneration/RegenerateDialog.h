#pragma once

#include <QDate>
#include <QDialog>

class AiProvider;
class CharacterCount;
class Database;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTextBrowser;
class RegenerationBatch;

// Review first: new texts are generated in the background (progress, per-item status,
// Cancel), each shown beside the current one with the differences marked; the admin accepts
// or discards each, or all at once, and only accepted texts are written. Replacing a text
// corrected by hand asks first; a row changed meanwhile is shown for a decision.
class RegenerateDialog final : public QDialog
{
    Q_OBJECT
public:
    RegenerateDialog(Database* database, AiProvider* provider, const QString& promptTemplate,
                     QWidget* parent = nullptr);

    void start(const QList<std::pair<QString, QDate>>& targets);
    RegenerationBatch* batch() const { return m_batch; }
    QListWidget* list() const { return m_list; }
    void acceptCurrent();
    void discardCurrent();
    void acceptAll();
    void write();
    void editCurrent(); // the admin words the new text their way before accepting it
    void retryCurrent();
    // Closing asks first when texts were generated but not written: accepted ones can be
    // written, the others are dropped only on an explicit "Discard".
    void reject() override;

signals:
    void written(const QList<int>& ids); // the rows stored, as soon as they are

private:
    void showItem(int index);
    void updateRow(int index);
    void updateButtons();
    bool confirmReplacingCorrected(const QList<int>& indexes);

    RegenerationBatch* m_batch;
    QLabel* m_provider;
    QListWidget* m_list;
    QTextBrowser* m_diff;
    CharacterCount* m_count; // of the new text, as the main editor counts
    QLabel* m_warning;
    QProgressBar* m_progress;
    QLabel* m_summary;
    QPushButton* m_cancel;
    QPushButton* m_accept;
    QPushButton* m_discard;
    QPushButton* m_acceptAll;
    QPushButton* m_write;
    QPushButton* m_overwrite;
    QPushButton* m_edit;
    QPushButton* m_retry;
    bool m_closeAfterWrite = false;
};
