"""The tally index gains the voting mode, so the count per nominee and mode reads the index
alone (an index-only scan) instead of every ballot row. The new index is built before the old
one is dropped, so the ballots are never without an index for counting.

Adding and removing an index does not make Django rebuild the table on SQLite, so the
append-only triggers of 0002 stay in place.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("voting", "0004_ballot_signals")]

    operations = [
        migrations.AddIndex(
            model_name="ballot",
            index=models.Index(
                fields=["edition", "nominee", "mode"], name="voting_ballot_tally_mode"
            ),
        ),
        migrations.RemoveIndex(model_name="ballot", name="voting_ballot_tally"),
    ]
