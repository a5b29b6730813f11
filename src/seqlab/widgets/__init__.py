"""Interactive explorers (ipywidgets, core widgets only: 7.7 and 8 alike).

Each explorer's update logic is a plain function, unit-tested without a browser;
every explorer is wired the same way, by :func:`seqlab.widgets._wiring.live_html`.
The public names are those of the modules' ``__all__``.
"""

from seqlab.widgets import bow, compare, conv, params, tasks, temperature, unroll
from seqlab.widgets.bow import *  # noqa: F403
from seqlab.widgets.compare import *  # noqa: F403
from seqlab.widgets.conv import *  # noqa: F403
from seqlab.widgets.params import *  # noqa: F403
from seqlab.widgets.tasks import *  # noqa: F403
from seqlab.widgets.temperature import *  # noqa: F403
from seqlab.widgets.unroll import *  # noqa: F403

__all__ = [
    *bow.__all__,
    *compare.__all__,
    *conv.__all__,
    *params.__all__,
    *tasks.__all__,
    *temperature.__all__,
    *unroll.__all__,
]
